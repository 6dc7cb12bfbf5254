"""`python -m kb.preview`, as `kb preview`."""

from __future__ import annotations

from kb.preview import main

raise SystemExit(main())
