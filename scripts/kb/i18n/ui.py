"""Every word the generator and the templates print around editor text, keyed for translation.

The renderers and `overrides/main.html` read these through a language's `Words` (English here);
`kb i18n extract` puts each in the catalogues as `ui#<key>`. `{name}` placeholders are filled by
the renderer and must appear unchanged in every translation (`kb check`). Keys never change
meaning: a new wording under the same key makes its translations fuzzy.
"""

from __future__ import annotations

from collections.abc import Mapping

UI: dict[str, str] = {
    # Guide pages (render/markdown.py)
    "preamble": "Preamble",
    "prerequisites": "Prerequisites",
    "instructions": "Instructions",
    "recommended-settings": "Recommended settings",
    "all-ports-and-options": "All ports and options: {link}.",
    "updated-on": "Update {month}/{day}/{year}",
    "draft-title": "General steps",
    "draft-text": (
        "These steps describe what to do without naming every button: the app's menus may "
        "differ. If a step does not match, see {vendor}."
    ),
    "written-for": "Written for {version}. Vendor help: {vendor}.",
    "untranslated": "Not yet translated",
    "settings-not-in-steps": "Recommended settings not shown in the steps:",
    "shown-under-one": "The settings are shown under step {steps}.",
    "shown-under-many": "The settings are shown under steps {steps}.",
    # A one-platform page's title (a guide for several platforms, shown for one)
    "one-platform-title": "{task} in {platform}",
    # Related guides at the end of a guide (render/related.py)
    "related-guides": "Related guides",
    "same-task-other-apps": "The same task in other apps",
    "other-tasks-in": "Other tasks in {apps}",
    "list-and": "{first} and {last}",
    "note": "Note: {note}",
    # Settings tables
    "table/setting": "Setting",
    "table/protocol": "Protocol",
    "table/server": "Server",
    "table/port": "Port",
    "table/security": "Security",
    "table/username": "Username",
    "table/authentication": "Authentication",
    "table/password": "Password",
    "table/why": "Why",
    # How a settings value reads (model/refs.py); the authentication is the apps' own word.
    "value/username/email-address": "your full email address",
    "value/username/local-part": "the part before the @",
    "value/authentication/password-cleartext": "Normal password",
    # The settings reference page
    "other-settings": "Other settings",
    "password-line": "Password: {password}",
    "srv-title": "DNS SRV records",
    "srv-text": (
        "Mail apps that look up RFC 6186 / RFC 8314 service records find these settings for "
        "the provider's own domains:"
    ),
    "autoconfig-title": "Automatic configuration",
    "autoconfig-text": (
        "Mail apps that configure themselves read these files, generated from the same "
        "settings as this page:"
    ),
    "file/settings.json": "Every connection profile, typed (JSON)",
    "file/mail/config-v1.1.xml": "Thunderbird autoconfig (config-v1.1.xml)",
    "file/autodiscover/autodiscover.xml": "Autodiscover response (POX XML)",
    "file/downloads/infomaniak-mail.mobileconfig": (
        "Apple configuration profile (no password inside)"
    ),
    "file/dns/srv.zone.txt": "DNS SRV records (RFC 6186 / RFC 8314)",
    "verified-on": "Settings verified on {date} by logging in to a test mailbox.",
    # Home, categories, short links (render/navigation.py, render/site.py)
    "home-title": "How can we help?",
    "home-page-title": "Help centre",
    "home-description": "Help centre for {provider}",
    "search-open": "Search the help centre",
    "home-counts": "{counts}, every setting tested by logging in.",
    "faqs-one": "{count} FAQ",
    "faqs-many": "{count} FAQs",
    "apps-one": "{count} app",
    "apps-many": "{count} apps",
    "tasks-one": "{count} task",
    "tasks-many": "{count} tasks",
    "find-your-app": "Find your app",
    "apps-summary": "Every mail app and device with a guide.",
    "app-summary": "Guides for {client} on {os}.",
    "common-tasks": "Common tasks",
    "tasks-summary": "What readers come to do, in every app.",
    "browse-by-topic": "Browse by topic",
    "nav/home": "Home",
    "nav/apps": "Apps",
    "nav/tasks": "Tasks",
    "breadcrumbs": "Breadcrumbs",
    "guides-one": "{count} guide",
    "guides-many": "{count} guides",
    "platform-only": "{name} only",
    "go-to-guide": "Go to the guide",
    # The page footer and the feedback widget (overrides/main.html)
    "link-to-faq": "Link to this FAQ:",
    "last-updated": "Last updated:",
    "feedback-question": "Has this FAQ been helpful?",
    "feedback-yes": "Yes",
    "feedback-no": "No",
    "feedback-more": "Tell us what went wrong (optional)",
    "feedback-step": "Which step did not match what you saw?",
    "feedback-step-none": "Not sure, or none in particular",
    "feedback-comment": "Anything else we should know? (at most 1000 characters)",
    "feedback-send": "Send",
    "feedback-step-label": "Step {n}: {text}",
    "feedback-thanks": "Thank you for your feedback!",
    "feedback-error": "Sorry, your answer could not be sent. Please try again.",
    # Search (render/pages.py): words that find the settings page, comma-separated, never shown
    "search/settings-reference": "server settings, ports",
    # The language switcher and the root page of a multi-language site
    "language-name": "English",
}

# Words that are an app's own label: taken from the vendor's documentation, not translated.
APP_LABELS = frozenset({"value/authentication/password-cleartext"})

Words = Mapping[str, str]


def fill(words: Words, key: str, **values: str) -> str:
    """One UI string with its `{name}` placeholders replaced (no `str.format`: a translation's
    other braces stay characters)."""
    text = words.get(key) or UI[key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def split_keywords(text: str) -> tuple[str, ...]:
    """Search words as a catalogue holds them, `a, b, c` (a language may have more or fewer
    than English)."""
    return tuple(word.strip() for word in text.split(",") if word.strip())
