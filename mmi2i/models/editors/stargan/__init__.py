from .stargan import StarGAN, tile_label

__all__ = ['StarGAN', 'tile_label']
