from .base_translation_model import BaseTranslationModel

__all__ = ['BaseTranslationModel']
