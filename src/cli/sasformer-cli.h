/* sasformer-cli.h: subcommands of sasformer-cli.  Each returns the exit
 * status; argv[0] is the subcommand's name. */
#pragma once

int sas_cli_info     (int argc, char **argv);
int sas_cli_models   (int argc, char **argv);
int sas_cli_simulate (int argc, char **argv);
int sas_cli_generate (int argc, char **argv);
int sas_cli_split    (int argc, char **argv);
int sas_cli_merge    (int argc, char **argv);
int sas_cli_evaluate (int argc, char **argv);
int sas_cli_calibrate (int argc, char **argv);
int sas_cli_calibrate_rerank (int argc, char **argv);
int sas_cli_train    (int argc, char **argv);
int sas_cli_predict  (int argc, char **argv);
int sas_cli_knn      (int argc, char **argv);
int sas_cli_sample   (int argc, char **argv);
