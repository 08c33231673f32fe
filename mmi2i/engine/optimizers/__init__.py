from .translation_constructor import TranslationOptimWrapperConstructor

__all__ = ['TranslationOptimWrapperConstructor']
