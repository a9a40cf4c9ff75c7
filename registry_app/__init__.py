"""Case registry for interventional radiology thrombectomy cases."""

__version__ = "0.1.0"
