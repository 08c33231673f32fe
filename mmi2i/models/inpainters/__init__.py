from .inpainters import OpenCVInpainter, TorchScriptInpainter

__all__ = ['OpenCVInpainter', 'TorchScriptInpainter']
