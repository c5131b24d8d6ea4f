import { Menu, nativeImage, Tray } from 'electron';

export interface TrayActions {
  openMain(): void;
  openQuickPrompt(): void;
  quit(): void;
  shortcutLabel(): string;
}

/** The tray icon: a click opens the quick prompt; the menu opens the main window or quits. */
export function createTray(iconPath: string, actions: TrayActions): Tray {
  const image = nativeImage.createFromPath(iconPath);
  const tray = new Tray(image.isEmpty() ? image : image.resize({ width: 18, height: 18 }));
  tray.setToolTip('Baton');
  const refreshMenu = () =>
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: `Quick prompt    ${actions.shortcutLabel()}`, click: actions.openQuickPrompt },
        { label: 'Open Baton', click: actions.openMain },
        { type: 'separator' },
        { label: 'Quit Baton', click: actions.quit },
      ]),
    );
  refreshMenu();
  tray.on('click', actions.openQuickPrompt);
  return tray;
}
