"""Rendering: the model -> escaped text, Markdown pages, llms.txt and twins, the site, its CSP."""
