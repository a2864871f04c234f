package dev.mcs.service.job;


/** A status change the state machine does not allow. */
class IllegalTransitionException extends IllegalStateException {

    IllegalTransitionException(JobStatus from, JobStatus to) {
        super("job cannot move from " + from + " to " + to);
    }
}
