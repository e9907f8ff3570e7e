/* Where things live (XDG Base Directory): the database under $XDG_DATA_HOME/shekara,
 * the config under $XDG_CONFIG_HOME/shekara. */
#ifndef SHEKARA_PATHS_H
#define SHEKARA_PATHS_H

#include <stddef.h>

#include "scanners/error.h"

/* $XDG_DATA_HOME/shekara, or ~/.local/share/shekara */
int paths_data_dir(char *buf, size_t len, struct error *err);
/* $XDG_CONFIG_HOME/shekara, or ~/.config/shekara */
int paths_config_dir(char *buf, size_t len, struct error *err);
/* Creates the directory holding file (and its parents) with mode 0700. */
int paths_make_parent(const char *file, struct error *err);

#endif
