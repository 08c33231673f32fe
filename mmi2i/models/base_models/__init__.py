from .base_translation_model import BaseTranslationModel
from .per_domain_model import PerDomainTranslationModel, fill_style_dim
from .two_domain_model import TwoDomainTranslationModel

__all__ = [
    'BaseTranslationModel', 'PerDomainTranslationModel',
    'TwoDomainTranslationModel', 'fill_style_dim'
]
