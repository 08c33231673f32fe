from .translation_preprocessor import (TranslationDataPreprocessor,
                                       pad_instance_boxes, pad_instance_labels,
                                       pad_instance_masks)

__all__ = ['TranslationDataPreprocessor', 'pad_instance_masks',
           'pad_instance_boxes', 'pad_instance_labels']
