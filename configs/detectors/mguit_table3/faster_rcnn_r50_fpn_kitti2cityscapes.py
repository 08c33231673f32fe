# MGUIT Table 3 (domain-adaptive detection, KITTI -> Cityscapes, after
# DUNIT): a Faster R-CNN trained on KITTI's training images translated to
# Cityscapes by MGUIT (configs/mguit/kitti2cityscapes.py, KITTI's boxes
# kept; tools/synthesize_dataset.py), evaluated per class (person, car,
# truck, bicycle) on Cityscapes val with
# tools/detection/domain_adaptive_eval.py (docs/reproduce.md). The paper
# names Faster R-CNN only: mmdet's R50-FPN 1x COCO recipe is used, from
# ImageNet weights as in that recipe.
_base_ = 'mmdet::faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py'
classes = ('person', 'car', 'truck', 'bicycle')
data_root = 'data/kitti2cityscapes/'
model = dict(roi_head=dict(bbox_head=dict(num_classes=len(classes))))
train_dataloader = dict(
    dataset=dict(
        data_root=data_root + 'synth/kitti2cityscapes_train/',
        metainfo=dict(classes=classes),
        ann_file='annotations.json',
        data_prefix=dict(img='')))
val_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        metainfo=dict(classes=classes),
        ann_file='annotations/cityscapes_val.json',
        data_prefix=dict(img='images/cityscapes_val/')))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/cityscapes_val.json',
                     metric='bbox', classwise=True)
test_evaluator = val_evaluator
