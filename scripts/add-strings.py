#!/usr/bin/env python3
"""Add or update UI strings in an app's nb and nn resource files.

Usage: scripts/add-strings.py src/Cms 'Key' 'Bokmål text' 'Nynorsk text' [Key nb nn ...]
Resource files are the source of truth (Resources/SharedResource.{nb,nn}.resx); this only saves hand-editing XML.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
"""


def update(path: Path, pairs):
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER, encoding="utf-8")
    tree = ET.parse(path)
    root = tree.getroot()
    existing = {d.get("name"): d for d in root.findall("data")}
    for key, text in pairs:
        node = existing.get(key)
        if node is None:
            node = ET.SubElement(root, "data", {"name": key, "xml:space": "preserve"})
            ET.SubElement(node, "value")
        node.find("value").text = text
    # Keep entries sorted so diffs stay small.
    datas = sorted(root.findall("data"), key=lambda d: d.get("name").lower())
    for d in root.findall("data"):
        root.remove(d)
    for d in datas:
        root.append(d)
    ET.indent(tree, space="  ")
    tree.write(path, encoding="utf-8", xml_declaration=True)


def main():
    app = Path(sys.argv[1])
    rest = sys.argv[2:]
    if len(rest) % 3:
        sys.exit("give triples: key nb nn")
    triples = [rest[i:i + 3] for i in range(0, len(rest), 3)]
    update(app / "Resources" / "SharedResource.nb.resx", [(k, nb) for k, nb, _ in triples])
    update(app / "Resources" / "SharedResource.nn.resx", [(k, nn) for k, _, nn in triples])


if __name__ == "__main__":
    main()
