# StarGAN's schedule (the public code): Adam (0.5, 0.999), lr 1e-4 for both
# players, 200k iterations, linear decay to zero over the last 100k.
_base_ = './linear_decay_200k.py'
_adam = dict(type='Adam', lr=1e-4, betas=(0.5, 0.999))
optim_wrapper = dict(
    generators=dict(optimizer=_adam), discriminators=dict(optimizer=_adam))
