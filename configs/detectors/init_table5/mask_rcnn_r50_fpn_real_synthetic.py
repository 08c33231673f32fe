# INIT Table 5, rows "Real + Synthetic": trained on COCO 2017 train and its
# synthetic copy together, the same schedule (INIT §4.4).
_base_ = './mask_rcnn_r50_fpn_real.py'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='ConcatDataset',
        datasets=[{{_base_.real_train}}, {{_base_.synth_train}}]))
