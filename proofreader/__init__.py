"""Gazette Proofreader: check and correct the OCR of government gazette tables.

The package root holds the headless core (reading, parsing, rules, store, export);
``proofreader.gui`` is the only subpackage that imports Qt.
"""

__version__ = "0.1.0"
