#!/usr/bin/env python3
"""Validates NeuroML files against the NeuroML 2 XSD (docs/neuroml.md, "What is written"). The XSD is not committed: take it from
github.com/NeuroML/NeuroML2, Schemas/NeuroML2/NeuroML_v2.3.1.xsd. Usage: /usr/bin/python3 tools/neuroml/validate-xsd.py XSD FILE...
Prints each file's first errors (lxml's XMLSchema, as System.Xml.Schema would report them) and a count."""
import sys
from lxml import etree

schema = etree.XMLSchema(etree.parse(sys.argv[1]))
bad = 0
for f in sys.argv[2:]:
    doc = etree.parse(f)
    if schema.validate(doc):
        print(f"{f}: valid")
        continue
    bad += 1
    errors = list(schema.error_log)
    print(f"{f}: {len(errors)} errors; first: " + " | ".join(f"line {e.line}: {e.message}" for e in errors[:3]))
print(f"{len(sys.argv) - 2 - bad} of {len(sys.argv) - 2} valid")
sys.exit(1 if bad else 0)
