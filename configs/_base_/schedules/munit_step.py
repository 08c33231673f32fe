# MUNIT's schedule (the public code): Adam (0.5, 0.999), lr 1e-4, weight
# decay 1e-4 for generators and discriminators; lr halved every 100k
# iterations; 1M iterations, batch 1.
max_iters = 1000000

train_cfg = dict(
    type='IterBasedTrainLoop', max_iters=max_iters, val_interval=10000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

_adam = dict(type='Adam', lr=1e-4, betas=(0.5, 0.999), weight_decay=1e-4)
optim_wrapper = dict(
    constructor='TranslationOptimWrapperConstructor',
    generators=dict(optimizer=_adam),
    discriminators=dict(optimizer=_adam))

param_scheduler = [
    dict(type='StepLR', step_size=100000, gamma=0.5, by_epoch=False)
]
