from .formatting import PackTranslationInputs
from .geometric import (CenterCrop, RandomCrop, RandomFlip, Resize,
                        ResizeAndCenterCrop)
from .inpainting import LoadInpaintedBackground
from .loading import LoadImageFromFile, LoadInstances, LoadMasksFromFolder

__all__ = [
    'LoadImageFromFile', 'LoadInstances', 'LoadMasksFromFolder', 'Resize',
    'RandomCrop', 'CenterCrop', 'RandomFlip', 'PackTranslationInputs',
    'ResizeAndCenterCrop', 'LoadInpaintedBackground'
]
