from .translation_data_sample import TranslationDataSample

__all__ = ['TranslationDataSample']
