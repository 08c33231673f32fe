from .checkpoint_io import (CheckpointError, check_state_dict,  # noqa: F401
                            claim_work_dir, find_resumable, load_model_weights,
                            read_checkpoint, unwrap_keys)
from .hooks import *  # noqa: F401,F403
from .optimizers import *  # noqa: F401,F403
