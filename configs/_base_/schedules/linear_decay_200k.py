# Adam (0.5, 0.999), lr 2e-4, constant for the first half, linear decay to
# zero in the second half (CycleGAN/InstaGAN). Iteration based.
max_iters = 200000

train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=max_iters, val_interval=10000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    constructor='TranslationOptimWrapperConstructor',
    generators=dict(
        optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
    discriminators=dict(
        optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))))

# constant for the first half, then linearly to 0 at the end of training
# (train_cfg's length; mmi2i.apis.config.resolve_linear_decay)
param_scheduler = [dict(type='LinearDecayLR', decay_from=0.5)]
