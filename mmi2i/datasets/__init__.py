from .background_cache import BackgroundCache
from .collate import translation_collate
from .io import IMG_EXTS, DataError, read_image, read_mask
from .transforms import *  # noqa: F401,F403
from .unpaired_dataset import UnpairedInstanceDataset, load_domain

__all__ = [
    'UnpairedInstanceDataset', 'load_domain', 'translation_collate',
    'DataError', 'read_image', 'read_mask', 'IMG_EXTS', 'BackgroundCache'
]
