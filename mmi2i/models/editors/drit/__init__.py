from .drit import DRIT

__all__ = ['DRIT']
