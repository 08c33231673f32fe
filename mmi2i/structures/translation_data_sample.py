"""The data sample shared by every stage of mmi2i."""
from mmengine.structures import BaseDataElement, InstanceData
from torch import Tensor


class TranslationDataSample(BaseDataElement):
    """One image of one domain, with its instances and predictions.

    Data fields:
        - ``gt_instances`` (:obj:`InstanceData`): ``masks`` (N, H, W) bool,
          ``bboxes`` (N, 4) float xyxy in pixels, ``labels`` (N,) long,
          ordered by decreasing visible area.
        - ``pred_img`` (Tensor): translated image, (3, H, W) uint8 RGB.
        - ``pred_instances`` (:obj:`InstanceData`): translated instance
          ``masks`` for methods that translate masks.

    Metainfo: ``img_path``, ``ori_shape``, ``img_shape``, ``flip``,
    ``domain``, ``domain_idx`` and, after translation, ``target_domain``
    and ``style`` (when a method samples one).
    """

    @property
    def gt_instances(self) -> InstanceData:
        return self._gt_instances

    @gt_instances.setter
    def gt_instances(self, value: InstanceData) -> None:
        self.set_field(value, '_gt_instances', dtype=InstanceData)

    @gt_instances.deleter
    def gt_instances(self) -> None:
        del self._gt_instances

    @property
    def pred_instances(self) -> InstanceData:
        return self._pred_instances

    @pred_instances.setter
    def pred_instances(self, value: InstanceData) -> None:
        self.set_field(value, '_pred_instances', dtype=InstanceData)

    @pred_instances.deleter
    def pred_instances(self) -> None:
        del self._pred_instances

    @property
    def pred_img(self) -> Tensor:
        return self._pred_img

    @pred_img.setter
    def pred_img(self, value: Tensor) -> None:
        self.set_field(value, '_pred_img', dtype=Tensor)

    @pred_img.deleter
    def pred_img(self) -> None:
        del self._pred_img
