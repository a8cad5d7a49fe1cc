"""Fill translations into the .ts: reads "source<TAB>translation" lines from stdin.

Only messages whose source matches exactly are touched; the .ts stays the one
place translations live (pylupdate5 keeps them when sources change).
Usage: python tools/i18n_set.py i18n/eco_zoning_zh_CN.ts < pairs.tsv
"""

import sys
import xml.etree.ElementTree as ET


def main(ts_path: str) -> int:
    pairs = {}
    for line in sys.stdin.read().splitlines():
        if "\t" in line:
            source, translation = line.split("\t", 1)
            pairs[source] = translation
    tree = ET.parse(ts_path)
    filled = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        if source in pairs:
            translation = message.find("translation")
            translation.text = pairs[source]
            translation.attrib.pop("type", None)
            filled += 1
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    print(f"{filled} messages filled")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
