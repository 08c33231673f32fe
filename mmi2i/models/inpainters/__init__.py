from .cache import BackgroundCache
from .inpainters import OpenCVInpainter, TorchScriptInpainter

__all__ = ['OpenCVInpainter', 'TorchScriptInpainter', 'BackgroundCache']
