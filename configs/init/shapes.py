# INIT on the synthetic shapes (sheep <-> giraffe, 64px), CPU-sized: the
# MUNIT toy run (its networks, schedule and 4 test styles) plus the object
# branch on 32x32 crops, at most 2 objects per image. Losses: INIT's
# defaults (the MUNIT losses and the object terms, INIT.default_losses).
_base_ = '../munit/shapes.py'
model = dict(
    type='INIT',
    obj_size=32,
    max_objects=2,
    instance_source='boxes',
    style_sources=('prior', 'image', 'background', 'object'))
