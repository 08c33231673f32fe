# DRIT++'s schedule (the public code): Adam (0.5, 0.999), lr 1e-4, weight
# decay 1e-4; the content discriminator at lr / 2.5 with its gradient norm
# clipped at 5; 1200 epochs, linear decay to zero over the last 600 (the
# official `lambda` rule steps once per epoch). Batch 2. A config using it
# sets a finite train sampler (DefaultSampler), like linear_decay_epochs.
n_epochs = 600
n_epochs_decay = 600

train_cfg = dict(
    type='EpochBasedTrainLoop',
    max_epochs=n_epochs + n_epochs_decay,
    val_interval=50)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

_adam = dict(type='Adam', lr=1e-4, betas=(0.5, 0.999), weight_decay=1e-4)
optim_wrapper = dict(
    constructor='TranslationOptimWrapperConstructor',
    generators=dict(optimizer=_adam),
    discriminators=dict(optimizer=_adam),
    content_discriminator=dict(
        optimizer=dict(_adam, lr=1e-4 / 2.5), clip_grad=dict(max_norm=5)))

# constant for the first half, then linearly to 0 at the end of training
# (train_cfg's length; mmi2i.apis.config.resolve_linear_decay)
param_scheduler = [dict(type='LinearDecayLR', decay_from=0.5)]
