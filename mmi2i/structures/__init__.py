from .image_ops import from_uint8, to_signed, to_uint8, union_mask
from .translation_data_sample import TranslationDataSample

__all__ = [
    'TranslationDataSample', 'union_mask', 'to_signed', 'to_uint8',
    'from_uint8'
]
