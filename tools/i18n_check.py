"""List untranslated messages of a .ts file; exit 1 when there are any."""

import sys
import xml.etree.ElementTree as ET


def untranslated(ts_path: str) -> list[tuple[str, str]]:
    missing = []
    for context in ET.parse(ts_path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                translation is None
                or not translation.text
                or translation.get("type") == "unfinished"
            ):
                missing.append((context.findtext("name"), message.findtext("source")))
    return missing


if __name__ == "__main__":
    rows = untranslated(sys.argv[1])
    for context, source in rows:
        print(f"{context}\t{source}")
    print(f"{len(rows)} untranslated", file=sys.stderr)
    sys.exit(1 if rows else 0)
