from ...utils import tile_label
from .stargan import StarGAN

__all__ = ['StarGAN', 'tile_label']
