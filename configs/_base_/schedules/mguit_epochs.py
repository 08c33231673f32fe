# MGUIT's schedule: the released code's optimizers (DRIT's: Adam (0.5,
# 0.999), lr 1e-4, weight decay 1e-4; content discriminator lr / 2.5,
# gradient norm clipped at 5) over the paper's 30 epochs at lr 1e-4 and 30
# of linear decay to zero (§4; the code's 1200 / 600 epochs stop at its
# 500k-update cap, about 30 INIT epochs). A config using it sets a
# finite train sampler (DefaultSampler).
_base_ = './drit_epochs.py'
n_epochs = 30
n_epochs_decay = 30
train_cfg = dict(max_epochs=n_epochs + n_epochs_decay, val_interval=5)
