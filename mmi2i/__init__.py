"""mmi2i: instance-level unpaired image-to-image translation toolbox."""
from .version import __version__

__all__ = ['__version__']
