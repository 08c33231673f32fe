from .munit import MUNIT

__all__ = ['MUNIT']
