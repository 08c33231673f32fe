# INIT on its own dataset, sunny <-> night (paper §4): MUNIT's networks and
# schedule with the object branch (objects from the car, person and
# traffic-sign boxes), batch 1, short side 360 and 360x360 crops.
# Data: configs/init/README.md.
_base_ = [
    '../_base_/models/init.py', '../_base_/datasets/init_weather.py',
    '../_base_/schedules/munit_step.py', '../_base_/default_runtime.py'
]
domains = ('sunny', 'night')
