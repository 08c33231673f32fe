# INIT Table 5, rows "Synthetic": the same detector and schedule trained on
# the synthetic copy of COCO 2017 train (INIT's sunny -> night model).
_base_ = './mask_rcnn_r50_fpn_real.py'
train_dataloader = dict(dataset={{_base_.synth_train}})
