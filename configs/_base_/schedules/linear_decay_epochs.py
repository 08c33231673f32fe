# CycleGAN/InstaGAN's own schedule (the authors' code): Adam (0.5, 0.999),
# lr 2e-4 constant for `n_epochs`, then linear decay to zero over
# `n_epochs_decay` more. An epoch is one pass over the dataset, whose
# length is max(|A|, |B|) images (UnpairedInstanceDataset), so the number
# of iterations follows from the data: with batch 1 it is
# (n_epochs + n_epochs_decay) * max(|A|, |B|). A config using it sets the
# train sampler to a finite one (dict(type='DefaultSampler', shuffle=True),
# reshuffled each epoch): a schedule file cannot, since dataset bases own
# train_dataloader.
n_epochs = 100
n_epochs_decay = 100

train_cfg = dict(
    type='EpochBasedTrainLoop',
    max_epochs=n_epochs + n_epochs_decay,
    val_interval=10)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    constructor='TranslationOptimWrapperConstructor',
    generators=dict(
        optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
    discriminators=dict(
        optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))))

# the official lambda rule steps once per epoch
# constant for the first half, then linearly to 0 at the end of training
# (train_cfg's length; mmi2i.apis.config.resolve_linear_decay)
param_scheduler = [dict(type='LinearDecayLR', decay_from=0.5)]
