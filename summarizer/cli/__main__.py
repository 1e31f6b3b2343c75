"""`python -m summarizer.cli`, as when the command was one module; `python -m summarizer` is the usual way."""

from summarizer.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
