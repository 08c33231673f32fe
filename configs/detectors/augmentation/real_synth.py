# Toy INIT Table 5: trained on REAL + SYNTHETIC target-domain images.
_base_ = './synth.py'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        datasets=[{{_base_.real_train}}, {{_base_.synth_train}}]))
