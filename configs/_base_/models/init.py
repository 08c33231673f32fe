# INIT (paper §3; no public code): MUNIT's networks and losses (the paper
# builds on the MUNIT code) shared by the global and the object branch;
# objects cropped from their boxes and resized to 120x120 (§4); objects
# judged by the image discriminators (`INIT w/ D_s`, Table 3's best; give
# networks.obj_discriminator for separate ones). The paper leaves the
# object-branch weights open: the MUNIT values are used (recon_o 10 like
# recon_x, recon_co / recon_so 1 like recon_c / recon_s, cycle_o 10,
# gan_obj 1; INIT.default_losses); see configs/init/README.md.
_base_ = ['./munit.py']
model = dict(
    type='INIT',
    obj_size=120,
    max_objects=4,
    instance_source='boxes',
    style_sources=('prior', 'image', 'background', 'object'))
