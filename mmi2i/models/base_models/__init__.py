from .base_translation_model import BaseTranslationModel
from .two_domain_model import TwoDomainTranslationModel

__all__ = ['BaseTranslationModel', 'TwoDomainTranslationModel']
