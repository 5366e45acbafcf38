"""Services of the robot: answering, feedback and hand-over."""
