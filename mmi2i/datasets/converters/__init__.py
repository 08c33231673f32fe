"""Converters from public layouts to the common format."""
from .box_txt import convert_box_txt, load_class_map
from .coco_pairs import convert_coco_pairs
from .driving import (BDD_TO_COMMON, CITYSCAPES_TO_COMMON, KITTI_TO_COMMON,
                      bdd_weather, convert_bdd100k, convert_cityscapes,
                      convert_kitti, read_kitti_label)
from .human_parsing import (MHP_V1_PARTS, convert_ccp, convert_mhp,
                            load_ccp_labels, parse_part_ids)
from .instagan_folders import (convert_instagan_folders, find_instance_masks,
                               write_instagan_example)
from .merge import merge_domains
from .shapes import generate_shapes
from .writer import CocoWriter, domain_paths

__all__ = [
    'CocoWriter', 'domain_paths', 'convert_coco_pairs',
    'convert_instagan_folders', 'find_instance_masks',
    'write_instagan_example', 'convert_box_txt', 'load_class_map',
    'generate_shapes', 'merge_domains', 'convert_mhp', 'convert_ccp',
    'load_ccp_labels', 'parse_part_ids', 'MHP_V1_PARTS', 'convert_kitti',
    'convert_cityscapes', 'read_kitti_label', 'KITTI_TO_COMMON',
    'CITYSCAPES_TO_COMMON', 'convert_bdd100k', 'bdd_weather', 'BDD_TO_COMMON'
]
