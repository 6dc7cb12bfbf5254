""" "Has this FAQ been helpful?": the receiver (`kb feedback serve`), its store and its reports.

A vote is validated against the manifest the build writes (`feedback-manifest.json`: every FAQ id,
its platform tabs and their step ids), stored as text, and acknowledged only once committed.
"""
