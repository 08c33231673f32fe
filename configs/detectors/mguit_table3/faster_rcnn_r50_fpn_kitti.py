# MGUIT Table 3's lower bound: the same Faster R-CNN trained on real KITTI
# images (source only), evaluated on Cityscapes val.
_base_ = './faster_rcnn_r50_fpn_kitti2cityscapes.py'
train_dataloader = dict(
    dataset=dict(
        data_root={{_base_.data_root}},
        ann_file='annotations/kitti_train.json',
        data_prefix=dict(img='images/kitti_train/')))
