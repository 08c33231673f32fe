# StarGAN's schedule (the public code): Adam (0.5, 0.999), lr 1e-4 for both
# players, 200k iterations. The code's "decay" subtracts lr / 100k every
# 1,000 iterations after 100k, i.e. 1e-4 -> 0.999e-4: a constant rate, the
# default here. The paper's text (linear decay to zero over the last half):
# param_scheduler = [dict(type='LinearDecayLR', decay_from=0.5)].
_base_ = './linear_decay_200k.py'
_adam = dict(type='Adam', lr=1e-4, betas=(0.5, 0.999))
optim_wrapper = dict(
    generators=dict(optimizer=_adam), discriminators=dict(optimizer=_adam))
param_scheduler = []
