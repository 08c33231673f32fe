# mmdet's Mask R-CNN R50-FPN trained on COCO (its model zoo's
# mask_rcnn_r50_fpn_1x_coco_20200205-d4b0c5d6.pth, fetched into torch's hub
# cache with its hash checked: mmi2i/evaluation/weights.py): the pretrained
# detector of MMR/MODS/MVIS in the paper configs (MGD-GAN Sec. 3.3).
_base_ = 'mmdet::mask_rcnn/mask-rcnn_r50_fpn_1x_coco.py'
