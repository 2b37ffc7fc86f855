"""The review window (PySide6). The only package of ``proofreader`` that imports Qt.

Bundled files (translations, icons, sample issues) are found through
:mod:`proofreader.paths`, which knows the source checkout and the frozen layouts.
"""

from ..paths import i18n_dir, resources_dir, samples_dir

__all__ = ["i18n_dir", "resources_dir", "samples_dir"]
