package org.jcare.cli;

import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ConfigException;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.config.Violation;

/** Puts the training data's task into the config built from the command line's config options. */
final class TaskConfig {
    private TaskConfig() {
    }

    /**
     * {@code config} with {@code task}; the projection network's parameters come from the --proj-* options when given
     * (they made the config a projection config), CSBDeep's defaults otherwise.
     *
     * @throws BadInputException when --proj-* options are given for another task, or the task does not fit the data
     */
    static CareConfig apply(CareConfig config, TaskSpec task) {
        boolean projOptions = config.task().kind() == TaskKind.PROJECTION;
        if (projOptions && task.kind() != TaskKind.PROJECTION) {
            throw new BadInputException("--proj-* options describe a projection network, but the task is "
                    + task.kind().jsonName());
        }
        TaskSpec t = task.kind() == TaskKind.PROJECTION && projOptions ? config.task() : task;
        try {
            return config.toBuilder().task(t).build();
        } catch (ConfigException e) {
            StringBuilder sb = new StringBuilder("the " + t.kind().jsonName() + " task does not fit the data: ");
            for (Violation v : e.violations()) {
                sb.append(v.field()).append(" ").append(v.value()).append(": ").append(v.allowed()).append("; ");
            }
            throw new BadInputException(sb.substring(0, sb.length() - 2));
        }
    }
}
