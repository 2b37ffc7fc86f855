"""Accuracy harness: the product's claims and findings measured against expected claims
made independently of it (from the PDFs, or by a script and by reading). See docs/accuracy.md."""
