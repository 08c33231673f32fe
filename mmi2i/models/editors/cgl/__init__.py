from .cgl import CGL, pick_instances

__all__ = ['CGL', 'pick_instances']
