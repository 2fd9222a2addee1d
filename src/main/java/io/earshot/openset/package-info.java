/**
 * Open-set answers: when a prediction abstains and why. A clip with no frame above the noise floor
 * is silent; one unlike anything the model was trained on is novel; one whose best class is below
 * that class's confidence threshold is uncertain. Plain Java, shared by HTTP, CLI and evaluation.
 */
package io.earshot.openset;
